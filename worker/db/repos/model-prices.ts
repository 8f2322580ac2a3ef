// Tenant-scoped model price overrides (model_prices): an organization's own price per million tokens for a model.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { modelPrices } from '../schema';

export type ModelPriceRow = typeof modelPrices.$inferSelect;

export function modelPricesRepo(db: Database, tenantId: string) {
  const mine = eq(modelPrices.tenantId, tenantId);
  return {
    async list(): Promise<ModelPriceRow[]> {
      return db.select().from(modelPrices).where(mine).orderBy(modelPrices.model);
    },

    async get(model: string): Promise<ModelPriceRow | undefined> {
      return db
        .select()
        .from(modelPrices)
        .where(and(mine, eq(modelPrices.model, model)))
        .get();
    },

    async put(model: string, inputPerMtokUsd: number, outputPerMtokUsd: number, updatedBy: string | null, now = Date.now()): Promise<ModelPriceRow> {
      const values = { tenantId, model, inputPerMtokUsd, outputPerMtokUsd, updatedBy, updatedAt: now };
      await db
        .insert(modelPrices)
        .values(values)
        .onConflictDoUpdate({ target: [modelPrices.tenantId, modelPrices.model], set: { inputPerMtokUsd, outputPerMtokUsd, updatedBy, updatedAt: now } });
      return values;
    },

    /** Whether there was an override to remove. */
    async remove(model: string): Promise<boolean> {
      const gone = await db
        .delete(modelPrices)
        .where(and(mine, eq(modelPrices.model, model)))
        .returning({ model: modelPrices.model });
      return gone.length > 0;
    },
  };
}
