from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contenttypes", "0001_initial")]

    operations = []
