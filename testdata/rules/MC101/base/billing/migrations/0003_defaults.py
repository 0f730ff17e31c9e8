from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_backfill_totals")]

    operations = [
        migrations.RunSQL("UPDATE billing_invoice SET currency = 'EUR'", migrations.RunSQL.noop),
        migrations.RunSQL("UPDATE billing_invoice SET paid = false", migrations.RunSQL.noop),
        migrations.RunSQL("UPDATE billing_invoice SET tax = 0", migrations.RunSQL.noop),
    ]
