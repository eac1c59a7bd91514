//! The counts behind the metric catalogue, over a union or a subtree.
