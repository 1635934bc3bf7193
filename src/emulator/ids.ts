export { compareIds } from '../domain/ids';
