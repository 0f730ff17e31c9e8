from django.db import migrations, models


def copy_notes(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.all():
        product.notes = product.notes_old
        product.save(update_fields=["notes"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_drop_columns")]

    operations = [
        # The old column moves aside under a scratch name (MC504 reports the rename), a new
        # one takes its name, the rows are copied, and the scratch column goes: no MC502 for it.
        migrations.RenameField("product", "notes", "notes_old"),
        migrations.AddField("product", "notes", models.TextField(null=True)),
        migrations.RunPython(copy_notes, migrations.RunPython.noop),
        migrations.RemoveField("product", "notes_old"),
        # Any other field dropped is still reported.
        migrations.RemoveField("product", "name"),
    ]
