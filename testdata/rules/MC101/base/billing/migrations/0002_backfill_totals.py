from django.db import migrations


def backfill(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    Invoice.objects.filter(total=None).update(total=0)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [
        migrations.RunSQL("UPDATE billing_invoice SET currency = 'EUR'", migrations.RunSQL.noop),
        migrations.RunSQL("UPDATE billing_invoice SET paid = false", migrations.RunSQL.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
