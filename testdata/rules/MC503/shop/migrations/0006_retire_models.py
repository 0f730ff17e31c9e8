from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_more_models")]

    operations = [
        # The first step: the code stops using the models; the tables stay.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("Coupon"), migrations.DeleteModel("Gift")],
        ),
    ]
