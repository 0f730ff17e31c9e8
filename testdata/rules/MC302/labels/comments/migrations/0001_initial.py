from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = []
