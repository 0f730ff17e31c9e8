from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_initial")]

    operations = []
