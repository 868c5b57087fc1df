"""One reader per HSDS collection that becomes pages: each turns a record into a ``Spec``."""
