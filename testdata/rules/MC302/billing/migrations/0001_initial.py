from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    run_before = [("shop", "0003_frist")]

    operations = []
