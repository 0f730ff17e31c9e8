from django.db import migrations


def fix_currency(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    Invoice.objects.filter(currency="").update(currency="USD")


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_defaults")]

    operations = [migrations.RunPython(fix_currency, fix_currency)]
