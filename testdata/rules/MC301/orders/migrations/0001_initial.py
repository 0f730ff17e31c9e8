from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku"), ("auth", "0012_alter_user_first_name_max_length"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = []
