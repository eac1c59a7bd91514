//! The inbox (notifications), the outbox (deliveries) and channel preferences.
