/** Every resource the emulator serves; a new resource is one module added here. */
import { accountModule } from './account.js';
import { couponsModule } from './coupons.js';
import { featuresModule } from './features.js';
import { metersModule } from './meters.js';
import { plansModule } from './plans.js';
import { pricesModule } from './prices.js';
import { productFeaturesModule } from './product-features.js';
import { productsModule } from './products.js';
import { promotionCodesModule } from './promotion-codes.js';
import type { ResourceModule } from './registry.js';
import { shippingRatesModule } from './shipping-rates.js';
import { taxRatesModule } from './tax-rates.js';
import { webhookEndpointsModule } from './webhook-endpoints.js';

export const RESOURCES: readonly ResourceModule[] = [accountModule, productsModule, pricesModule, plansModule, couponsModule, metersModule, promotionCodesModule, taxRatesModule, shippingRatesModule, featuresModule, productFeaturesModule, webhookEndpointsModule];
