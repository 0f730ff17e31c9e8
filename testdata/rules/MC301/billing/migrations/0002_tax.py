from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    # `0002_invoice` waits for this one: one leaf, not two.
    run_before = [("billing", "0002_invoice")]

    operations = []
