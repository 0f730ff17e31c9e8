from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock", "0003_b")]

    operations = []
