from django.db import migrations


def forwards(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    for invoice in Invoice.objects.all():
        invoice.label = "%s: %s" % (invoice.number, invoice.customer)
        invoice.save()


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_shared_fix")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
