from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_dead_helper")]

    operations = [
        migrations.AddConstraint(
            model_name="product",
            constraint=models.CheckConstraint(check=models.Q(price__gte=0), name="price_positive"),
        ),
    ]
