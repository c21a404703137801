"""Pictures of the graph: pyvis/vis-network pages, entity pages and the home page (served by the API under
/, /viz/… and /pages/…, see viz/routes.py), and standalone offline files (`ykg viz`, see viz/cli.py)."""
