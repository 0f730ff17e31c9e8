from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_drop_tables")]

    operations = [
        # Made again under its name: the old table and its rows are dropped all the same.
        migrations.DeleteModel(name="Product"),
        migrations.CreateModel(
            name="Product",
            fields=[("id", models.BigAutoField(primary_key=True)), ("title", models.TextField())],
        ),
        # Fine: a table this migration made before it drops it has no rows.
        migrations.CreateModel(name="Scratch", fields=[("id", models.BigAutoField(primary_key=True))]),
        migrations.DeleteModel(name="Scratch"),
    ]
