import { jobTypeParameterNames } from '@lava/core';
import { BadParametersError } from '../errors';
import { checkDeclaredParameters } from './parameters';

describe('checkDeclaredParameters', () => {
  it('accepts the parameters a type declares in @lava/core, and x-* keys', () => {
    const declared = Object.fromEntries(jobTypeParameterNames('db_from_s3').map((k) => [k, 'v']));
    expect(() => checkDeclaredParameters('db_from_s3', { ...declared, 'x-note': 1 })).not.toThrow();
  });

  it('refuses keys the type does not declare', () => {
    expect(() => checkDeclaredParameters('cmd', { args: [], colour: 'red' })).toThrow(
      new BadParametersError('cmd', 'Unexpected keys: colour'),
    );
  });

  it('refuses a declared parameter missing from those the type requires', () => {
    expect(() => checkDeclaredParameters('sqlc', {})).toThrow(
      new BadParametersError('sqlc', 'Missing keys: conn_id'),
    );
    expect(() => checkDeclaredParameters('cmd', {})).not.toThrow();
  });
});
