from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_tables")]

    operations = [
        migrations.AlterModelTable("report", "report_view"),
    ]
