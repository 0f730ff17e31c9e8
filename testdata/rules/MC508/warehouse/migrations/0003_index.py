from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("warehouse", "0002_initial")]

    operations = [
        migrations.AddIndex("bin", models.Index(fields=["id"], name="bin_id_idx")),
    ]
