from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("squashed", "0001_initial")]

    operations = [
        # Kept beside the squash that replaces it: a database that has 0001 but not 0002
        # runs this, and `note` was null=True.
        migrations.AlterField("order", "note", models.TextField()),
    ]
