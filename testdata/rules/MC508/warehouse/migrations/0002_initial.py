import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Fine: the second of the app's initial migrations. Both run together, on a new database.
    initial = True
    dependencies = [("warehouse", "0001_initial")]

    operations = [
        migrations.AddField(
            "stock",
            "bin",
            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="warehouse.bin"),
        ),
        migrations.AddIndex("stock", models.Index(fields=["bin"], name="stock_bin_idx")),
    ]
