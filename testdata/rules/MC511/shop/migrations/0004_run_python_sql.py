from django.db import connection, migrations


def reset_flags(apps, schema_editor):
    schema_editor.execute("UPDATE shop_product SET flagged = false")
    clear_stock()


def clear_stock():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM shop_stock")


def restore_flags(apps, schema_editor):
    # Fine: only the forward code is checked here.
    schema_editor.execute("UPDATE shop_product SET flagged = true")


def sqlite_only(apps, schema_editor):
    # Fine: which SQL runs depends on the database, and that is not known.
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DELETE FROM shop_cache")


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_constant")]

    operations = [
        # The SQL a RunPython function runs, or a module function it calls.
        migrations.RunPython(reset_flags, restore_flags),
        migrations.RunPython(sqlite_only, migrations.RunPython.noop),
    ]
