from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            [],
            [
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        ("id", models.AutoField(primary_key=True)),
                        ("slug", models.SlugField()),
                        ("parent_id", models.IntegerField(null=True)),
                    ],
                    options={"db_table": "shop_category"},
                ),
            ],
        ),
    ]
