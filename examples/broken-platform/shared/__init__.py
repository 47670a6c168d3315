"""Code shared by several services; only a root build context can COPY it."""
