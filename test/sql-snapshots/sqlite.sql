-- flat list
-- { products(orderBy: [{ id: ASC }], limit: 3) { id name sku price } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT "t0"."id" AS "c0", "t0"."id" AS "c1", "t0"."name" AS "c2", "t0"."sku" AS "c3", "t0"."price" AS "c4" FROM "product" "t0"  WHERE "t0"."company_id" = 1 ORDER BY "t0"."id" ASC, "t0"."id" ASC LIMIT 3 OFFSET 0;

-- nested orders with customer and items with product
-- { orders(orderBy: [{ id: ASC }], limit: 2) { reference customer { name country } items { quantity unitPrice product { name sku } } } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT "t0"."id" AS "c0", "t0"."reference" AS "c1", "t1"."id" AS "c2", "t1"."name" AS "c3", "t1"."country" AS "c4" FROM "customer_order" "t0" LEFT JOIN "customer" "t1" ON "t1"."id" = "t0"."customer_id" AND ("t1"."company_id" = 1) WHERE "t0"."company_id" = 1 ORDER BY "t0"."id" ASC, "t0"."id" ASC LIMIT 2 OFFSET 0;
SELECT * FROM (SELECT "t0"."order_id" AS "c0", "t0"."id" AS "c1", "t0"."quantity" AS "c2", "t0"."unit_price" AS "c3", "t1"."id" AS "c4", "t1"."name" AS "c5", "t1"."sku" AS "c6", ROW_NUMBER() OVER (PARTITION BY "t0"."order_id" ORDER BY "t0"."id" ASC) AS "rn" FROM "order_item" "t0" LEFT JOIN "product" "t1" ON "t1"."id" = "t0"."product_id" AND ("t1"."company_id" = 1) WHERE "t0"."order_id" IN (?, ?) AND (EXISTS (SELECT 1 FROM "customer_order" "xw0" WHERE ("xw0"."id" = "t0"."order_id") AND ("xw0"."company_id" = 1) AND ("xw0"."company_id" = 1)))) "ranked" WHERE "ranked"."rn" <= 100 ORDER BY "ranked"."rn";

-- relation filter (to-one) and ordering
-- { products(where: { category: { name: { startsWith: "B" } } }, orderBy: [{ price: DESC }, { id: ASC }], limit: 2) { id } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT "t0"."id" AS "c0", "t0"."id" AS "c1" FROM "product" "t0"  WHERE ("t0"."company_id" = 1) AND (EXISTS (SELECT 1 FROM "category" "xw0" WHERE ("xw0"."id" = "t0"."category_id") AND ("xw0"."company_id" = 1) AND (substr("xw0"."name", 1, length(?)) = ?))) ORDER BY "t0"."price" DESC, "t0"."id" ASC, "t0"."id" ASC LIMIT 2 OFFSET 0;

-- some / every / none on a to-many relation
-- { orders(where: { items: { some: { quantity: { gte: 3 } }, every: { unitPrice: { gt: "0" } }, none: { productId: { eq: "1" } } } }, limit: 2) { id } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT "t0"."id" AS "c0", "t0"."id" AS "c1" FROM "customer_order" "t0"  WHERE ("t0"."company_id" = 1) AND ((NOT EXISTS (SELECT 1 FROM "order_item" "xw0" WHERE ("xw0"."order_id" = "t0"."id") AND (EXISTS (SELECT 1 FROM "customer_order" "xw1" WHERE ("xw1"."id" = "xw0"."order_id") AND ("xw1"."company_id" = 1) AND ("xw1"."company_id" = 1))) AND ((CASE WHEN "xw0"."unit_price" > ? THEN 1 ELSE 0 END) = 0))) AND (NOT EXISTS (SELECT 1 FROM "order_item" "xw2" WHERE ("xw2"."order_id" = "t0"."id") AND (EXISTS (SELECT 1 FROM "customer_order" "xw3" WHERE ("xw3"."id" = "xw2"."order_id") AND ("xw3"."company_id" = 1) AND ("xw3"."company_id" = 1))) AND ("xw2"."product_id" = 1))) AND (EXISTS (SELECT 1 FROM "order_item" "xw4" WHERE ("xw4"."order_id" = "t0"."id") AND (EXISTS (SELECT 1 FROM "customer_order" "xw5" WHERE ("xw5"."id" = "xw4"."order_id") AND ("xw5"."company_id" = 1) AND ("xw5"."company_id" = 1))) AND ("xw4"."quantity" >= 3)))) ORDER BY "t0"."created_at" DESC, "t0"."id" ASC LIMIT 2 OFFSET 0;

-- masked and hidden fields (support reads customers)
-- { customers(orderBy: [{ id: ASC }], limit: 2) { name email phone } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 2 WHERE s."id" = ?;
SELECT "t0"."id" AS "c0", "t0"."name" AS "c1", "t0"."email" AS "c2", "t0"."phone" AS "c3" FROM "customer" "t0"  WHERE "t0"."company_id" = 1 ORDER BY "t0"."id" ASC, "t0"."id" ASC LIMIT 2 OFFSET 0;
BEGIN TRANSACTION;
SELECT "event"."seq" AS "event_seq", "event"."hash" AS "event_hash", "event"."id" AS "event_id" FROM "audit_event" "event" WHERE "event"."company_id" = ? ORDER BY "event_seq" DESC LIMIT 1;
INSERT INTO "audit_event"("id", "occurred_at", "company_id", "actor_id", "actor_roles", "request_id", "ip", "user_agent", "event_type", "model", "entity_id", "changes", "details", "outcome", "reason", "seq", "content_hash", "prev_hash", "hash") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
COMMIT;

-- tenant and owner scope (sales updates an order)
-- mutation { updateOrder(id: "1", input: { notes: "snapshot" }) { ok errors { code } } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 4 WHERE s."id" = ?;
BEGIN TRANSACTION;
SELECT "m0"."id" AS "m0_id", "m0"."company_id" AS "m0_company_id", "m0"."customer_id" AS "m0_customer_id", "m0"."owner_id" AS "m0_owner_id", "m0"."reference" AS "m0_reference", "m0"."status" AS "m0_status", "m0"."total_amount" AS "m0_total_amount", "m0"."notes" AS "m0_notes", "m0"."created_at" AS "m0_created_at", "m0"."updated_at" AS "m0_updated_at" FROM "customer_order" "m0" WHERE "m0"."id" = 1 AND (("m0"."company_id" = 1) AND ("m0"."owner_id" = 4));
SELECT "row"."company_id" AS "tenant" FROM "customer_order" "row" WHERE "row"."id" = 1;
ROLLBACK;

-- a report (two dimensions, two metrics)
-- { report(code: "sales_overview", dimensions: ["month", "country"], metrics: ["revenue", "orders"]) { rows } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT strftime('%Y-%m-01', "t0"."created_at") AS "c0", "t1"."country" AS "c1", ROUND(SUM("t0"."total_amount"), 2) AS "c2", COUNT(*) AS "c3" FROM "customer_order" "t0" LEFT JOIN "customer" "t1" ON "t1"."id" = "t0"."customer_id" AND ("t1"."company_id" = 1) WHERE "t0"."company_id" = 1 GROUP BY 1, 2 ORDER BY 1 ASC NULLS LAST, 2 ASC NULLS LAST LIMIT 2001;

-- paging with counts
-- { productPage(page: 2, perPage: 5) { items { id } pageInfo { totalCount pageCount hasNextPage } } }
SELECT s."user_id" AS "s_userId", s."revoked_at" AS "s_revokedAt", s."absolute_expires_at" AS "s_absoluteExpiresAt", s."auth_methods" AS "s_authMethods", s."mfa_enrolment_only" AS "s_mfaEnrolmentOnly", u."email" AS "u_email", u."company_id" AS "u_companyId", u."roles" AS "u_roles", u."is_active" AS "u_isActive" FROM "auth_session" s INNER JOIN "app_user" u ON u."id" = 5 WHERE s."id" = ?;
SELECT COUNT(*) AS "n" FROM "product" "t0" WHERE "t0"."company_id" = 1;
SELECT "t0"."id" AS "c0", "t0"."id" AS "c1" FROM "product" "t0"  WHERE "t0"."company_id" = 1 ORDER BY "t0"."id" ASC LIMIT 5 OFFSET 5;
