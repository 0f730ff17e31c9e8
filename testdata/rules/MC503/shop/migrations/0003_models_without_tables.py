from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_change")]

    operations = [
        migrations.CreateModel(
            name="Special",
            fields=[],
            options={"proxy": True, "indexes": [], "constraints": []},
            bases=("shop.draft",),
        ),
        migrations.CreateModel(
            name="SalesReport",
            fields=[("id", models.BigAutoField(primary_key=True)), ("total", models.IntegerField())],
            options={"managed": False, "db_table": "sales_report_view"},
        ),
    ]
