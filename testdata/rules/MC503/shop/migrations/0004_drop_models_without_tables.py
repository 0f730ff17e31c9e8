from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_models_without_tables")]

    operations = [
        # Fine: a proxy model and an unmanaged one have no table Django drops.
        migrations.DeleteModel("Special"),
        migrations.RemoveField("salesreport", "total"),
        migrations.DeleteModel(name="SalesReport"),
    ]
