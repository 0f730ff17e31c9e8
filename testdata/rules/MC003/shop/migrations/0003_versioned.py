import django
from django.db import migrations, models

# Django imports the module, so a class defined under `if` or `try` is the migration.
if django.VERSION >= (4, 2):

    class Migration(migrations.Migration):
        dependencies = [("shop", "0001_initial")]

        operations = [
            migrations.AddField("product", "note", models.TextField(db_comment="Staff only")),
        ]

else:

    class Migration(migrations.Migration):
        dependencies = [("shop", "0001_initial")]

        operations = [migrations.AddField("product", "note", models.TextField())]
