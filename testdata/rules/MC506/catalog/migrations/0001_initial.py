from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("shop", "0002_not_null")]

    operations = [
        # The `shop_product` table moves to this app: Django's state learns the model, the
        # database only renames the table.
        migrations.SeparateDatabaseAndState(
            [migrations.RunSQL("ALTER TABLE shop_product RENAME TO catalog_product", migrations.RunSQL.noop)],
            [
                migrations.CreateModel(
                    name="Product",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True)),
                        ("name", models.CharField(max_length=100)),
                        ("price", models.BigIntegerField(null=True)),
                    ],
                ),
            ],
        ),
        migrations.RunSQL(
            "ALTER TABLE shop_maker RENAME TO catalog_maker",
            "ALTER TABLE catalog_maker RENAME TO shop_maker",
            state_operations=[
                migrations.CreateModel(
                    name="Maker",
                    fields=[("id", models.BigAutoField(primary_key=True)), ("country", models.CharField(max_length=2, null=True))],
                ),
            ],
        ),
    ]
