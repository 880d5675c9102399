export * from './property-filter';
