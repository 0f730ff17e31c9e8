from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]

    operations = []
