import { App } from 'aws-cdk-lib';
import { buildLavaApp } from '../src/lava-app';

// Entry of `npx cdk synth` (cdk.json). Parameters come from context: see docs/deploy.md.
const app = new App();
buildLavaApp(app);
app.synth();
