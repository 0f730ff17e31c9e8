from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RenameField("product", "name", "title"),
        # Fine: a table made in this migration has no readers yet.
        migrations.CreateModel("Draft", [("id", models.BigAutoField(primary_key=True)), ("x", models.IntegerField(null=True))]),
        migrations.RenameField("draft", "x", "title"),
        # Fine: the field keeps its column through `db_column`.
        migrations.RenameField("product", "sku", "stock_code"),
    ]
