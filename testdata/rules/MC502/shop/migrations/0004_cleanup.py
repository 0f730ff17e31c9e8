from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_relations")]

    operations = [
        # Fine here: the model goes in the same migration, and MC503 reports that.
        migrations.RemoveField("review", "product"),
        migrations.DeleteModel("Review"),
    ]
