//! The chat's escrow notice: whether a member should see it, and its
//! dismissal (per member, per the order the conversation is about).

use sqlx::AnyConnection;

/// The unsecured order a conversation is about, as `user` sees it: `Some
/// ((order id, taker id))` when the order is still running with its reward
/// not secured, `user` is not its publisher, and `user` has not dismissed
/// the notice for this order.
pub async fn unsecured_order(
    connection: &mut AnyConnection,
    conversation_id: i64,
    user: i64,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.taker_id FROM conversation_members m \
         JOIN conversations c ON c.id = m.conversation_id \
         JOIN orders o ON o.id = c.order_id \
         WHERE m.conversation_id = $1 AND m.user_id = $2 AND o.publisher_id <> $2 \
         AND o.funded_at IS NULL AND o.state IN ('open', 'taken', 'submitted') \
         AND (m.escrow_notice_order IS NULL OR m.escrow_notice_order <> o.id)",
    )
    .bind(conversation_id)
    .bind(user)
    .fetch_optional(connection)
    .await
}

/// Records that `user` dismissed the notice for the conversation's current
/// order. Writes nothing when it already was (a repeated post costs no
/// write).
pub async fn dismiss(
    connection: &mut AnyConnection,
    conversation_id: i64,
    user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversation_members SET escrow_notice_order = \
         (SELECT c.order_id FROM conversations c WHERE c.id = $1) \
         WHERE conversation_id = $1 AND user_id = $2 \
         AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = $1 AND c.order_id IS NOT NULL \
         AND (escrow_notice_order IS NULL OR escrow_notice_order <> c.order_id))",
    )
    .bind(conversation_id)
    .bind(user)
    .execute(connection)
    .await
    .map(|_| ())
}
