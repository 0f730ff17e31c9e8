from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_many_to_many")]

    operations = [
        # Django renames the join table it made for the field.
        migrations.RenameField("product", "tags", "topics"),
        # Fine: a join table with its own name keeps it, and a `through=` model is the
        # project's own.
        migrations.RenameField("product", "labels", "badges"),
        migrations.RenameField("product", "taggings", "tag_links"),
    ]
