from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("app", "0001_initial")]

    operations = [
        migrations.RunSQL("SELECT 1", migrations.RunSQL.noop
    ]
