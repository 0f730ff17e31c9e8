from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = []
