from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        # Fine: a many-to-many field has no column, also in a migration a squash replaces.
        migrations.AddField("book", "tags", models.ManyToManyField(to="catalog.tag")),
    ]
