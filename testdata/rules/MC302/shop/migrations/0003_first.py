from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "__first__"), ("shop", "0002_product_sku"), ("contenttypes", "0002_remove_content_type_name")]

    operations = []
