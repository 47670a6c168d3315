from flask import Blueprint, render_template_string

catalog = Blueprint("catalog", __name__, url_prefix="/catalog")

PAGE = """<h1>{{ title }}</h1>
{# import os  -- a template comment, not Python #}
"""


@catalog.route("/")
def index():
    return render_template_string(PAGE, title="Catalog")
