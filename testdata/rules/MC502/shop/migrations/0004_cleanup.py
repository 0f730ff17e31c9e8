from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_relations")]

    operations = [
        # Fine here: the model goes in the same migration, and MC503 reports that.
        migrations.RemoveField("review", "product"),
        migrations.DeleteModel("Review"),
        # Fine: the join table is the project's own `Supply` model, which stays.
        migrations.RemoveField("product", "suppliers"),
        # Django drops the join table it made for the field.
        migrations.RemoveField("product", "tags"),
    ]
