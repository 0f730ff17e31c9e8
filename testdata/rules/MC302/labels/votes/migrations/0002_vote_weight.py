from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("votes", "0001_initial"), ("contenttypes", "0001_initial")]

    operations = []
