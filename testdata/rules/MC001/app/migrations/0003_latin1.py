# Migration written by an editor set to Latin-1
from django.db import migrations


class Migration(migrations.Migration):
    # Café menu
    dependencies = [("app", "0002_unclosed_call")]
    operations = []
