from django.db import migrations


class Migration(migrations.Migration):
    """Label moves to another app: this app forgets it, and its table takes the other
    app's name. The database side sees the model as it was before the state side."""

    dependencies = [("shop", "0004_unmanaged")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("Label")],
            database_operations=[migrations.AlterModelTable("Label", "catalog_label")],
        ),
    ]
