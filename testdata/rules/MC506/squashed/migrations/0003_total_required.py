from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("squashed", "0001_squashed_0002_note_required")]

    operations = [
        # After the squash: `total` was null=True whichever way the database came.
        migrations.AlterField("order", "total", models.IntegerField()),
    ]
