export * from './sanitise';
export * from './messages';
export * from './derive';
export * from './lifecycle';
export * from './profile';
export * from './products';
export * from './identity';
export * from './identity-claims';
