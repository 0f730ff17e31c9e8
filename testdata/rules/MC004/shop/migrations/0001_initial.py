from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        # migcheck: ignore[MC201] the rows are recomputed on read
        migrations.RunPython(forwards),
        migrations.RunPython(forwards),  # migcheck: ignore[runpython-without-reverse]
        # migcheck: ignore[MC202]
        migrations.RunSQL("UPDATE shop_product SET price = 0 WHERE price IS NULL"),
        migrations.RunSQL("SELECT 1"),  # migcheck: ignore  
    ]
