from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RenameModel("Product", "Item"),
        # Fine: a table made in this migration has no readers yet.
        migrations.CreateModel("Draft", [("id", models.BigAutoField(primary_key=True)), ("x", models.IntegerField(null=True))]),
        migrations.RenameModel("Draft", "Item"),
        # Fine: a model with its own `db_table` keeps its table.
        migrations.RenameModel("Supplier", "Vendor"),
        migrations.RenameModel(old_name="Brand", new_name="Label"),
    ]
