from flask import Blueprint, abort, jsonify, request

bp = Blueprint("api", __name__)

PRODUCTS = {1: {"id": 1, "name": "kettle"}}


@bp.route("/products", methods=["GET"])
def products():
    return jsonify(list(PRODUCTS.values()))


@bp.route("/products/<int:product_id>", methods=["GET", "PUT"])
def product(product_id: int):
    if product_id not in PRODUCTS:
        abort(404)
    if request.method == "PUT":
        PRODUCTS[product_id].update(request.get_json(force=True))
    return jsonify(PRODUCTS[product_id])


@bp.post("/search/reindex")
def reindex():
    return jsonify(queued=True), 202
